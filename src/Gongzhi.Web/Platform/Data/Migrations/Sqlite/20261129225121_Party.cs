using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongzhi.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Party : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "party_dues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Income = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_dues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_meetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrgId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PlannedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Agenda = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Minutes = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: true),
                    Attendance = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Photos = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_meetings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_members",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OrgId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    JoinedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RegularOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PhoneCipher = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    PhoneMasked = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    InService = table.Column<bool>(type: "INTEGER", nullable: false),
                    WorkUnit = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResidenceCommunity = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    ReportedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Flow = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    FlowPlace = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FlowHome = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_members", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_orgs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AreaCode = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    RegistryOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SecretaryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Committee = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Weak = table.Column<bool>(type: "INTEGER", nullable: false),
                    WeakNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EstablishedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_orgs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "party_transfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromOrgId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToOrgId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ByUser = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_party_transfers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_party_dues_AreaCode_Month",
                table: "party_dues",
                columns: new[] { "AreaCode", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_party_dues_MemberId_Month",
                table: "party_dues",
                columns: new[] { "MemberId", "Month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_party_meetings_AreaCode_PlannedOn",
                table: "party_meetings",
                columns: new[] { "AreaCode", "PlannedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_party_meetings_OrgId_HeldOn",
                table: "party_meetings",
                columns: new[] { "OrgId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_party_members_AreaCode_Name",
                table: "party_members",
                columns: new[] { "AreaCode", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_party_members_OrgId",
                table: "party_members",
                column: "OrgId");

            migrationBuilder.CreateIndex(
                name: "IX_party_members_PersonId",
                table: "party_members",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_party_members_ResidenceCommunity",
                table: "party_members",
                column: "ResidenceCommunity");

            migrationBuilder.CreateIndex(
                name: "IX_party_members_UserId",
                table: "party_members",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_party_orgs_AreaCode_Kind",
                table: "party_orgs",
                columns: new[] { "AreaCode", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_party_orgs_ParentId",
                table: "party_orgs",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_party_orgs_RegistryOrganisationId",
                table: "party_orgs",
                column: "RegistryOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_party_transfers_MemberId",
                table: "party_transfers",
                column: "MemberId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "party_dues");

            migrationBuilder.DropTable(
                name: "party_meetings");

            migrationBuilder.DropTable(
                name: "party_members");

            migrationBuilder.DropTable(
                name: "party_orgs");

            migrationBuilder.DropTable(
                name: "party_transfers");
        }
    }
}
