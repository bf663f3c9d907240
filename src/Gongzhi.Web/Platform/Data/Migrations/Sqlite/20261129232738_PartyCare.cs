using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongzhi.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartyCare : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "party_awards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ByUser = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_awards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_care_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FollowUp = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_care_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_evaluations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrgId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    SelfAssessment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    MutualScore = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    MutualCount = table.Column<int>(type: "INTEGER", nullable: false),
                    MassesScore = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: true),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    GradedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    GradedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_evaluations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_proxy_affairs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Affair = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_proxy_affairs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_roles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Duty = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Buildings = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Households = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Since = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_roles", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_party_awards_AreaCode",
                table: "party_awards",
                column: "AreaCode");

            migrationBuilder.CreateIndex(
                name: "IX_party_awards_MemberId",
                table: "party_awards",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_party_care_records_AreaCode_On",
                table: "party_care_records",
                columns: new[] { "AreaCode", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_party_care_records_MemberId",
                table: "party_care_records",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_party_care_records_PersonId",
                table: "party_care_records",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_party_evaluations_AreaCode_Year",
                table: "party_evaluations",
                columns: new[] { "AreaCode", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_party_evaluations_MemberId_Year",
                table: "party_evaluations",
                columns: new[] { "MemberId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_party_evaluations_OrgId_Year",
                table: "party_evaluations",
                columns: new[] { "OrgId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_party_proxy_affairs_RoleId",
                table: "party_proxy_affairs",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "IX_party_roles_AreaCode_Kind",
                table: "party_roles",
                columns: new[] { "AreaCode", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_party_roles_MemberId",
                table: "party_roles",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_party_roles_PersonId",
                table: "party_roles",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "party_awards");

            migrationBuilder.DropTable(
                name: "party_care_records");

            migrationBuilder.DropTable(
                name: "party_evaluations");

            migrationBuilder.DropTable(
                name: "party_proxy_affairs");

            migrationBuilder.DropTable(
                name: "party_roles");
        }
    }
}
